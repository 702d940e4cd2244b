/**
 * The client portal is a list of sections. Each capability that gives clients something to see or
 * do (measures, goals, reflections…) adds one entry to PORTAL_SECTIONS in sections.tsx; a section
 * gets what every section needs and loads anything else itself.
 */
import type { ComponentType } from 'react';
import type { Client, CourseWithSessions } from '../api.ts';

export type PortalContext = {
  client: Client;
  courses: CourseWithSessions[];
  /** The course that is open now, or the latest one. */
  current: CourseWithSessions | undefined;
  timeZone: string;
  now: Date;
};

export type PortalSection = {
  id: string;
  title: string;
  /** Hidden when there is nothing to show (a section never renders an empty box). */
  shows(ctx: PortalContext): boolean;
  Component: ComponentType<{ ctx: PortalContext }>;
};
