/** First-run set-up, signing in and out, the second factor, invites and own password. */
import { route, sessionCookieName } from '../route.ts';
import type { Ctx } from '../route.ts';
import * as s from '../../contract/account.ts';
import { okView } from '../../contract/common.ts';
import { createPractice, needsSetup } from '../../services/accounts/setup.ts';
import {
  beginTotp,
  changePassword,
  publicUser,
  reauthenticate,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  removeSecondFactor,
  signIn,
  signInWithRecoveryCode,
  signOut,
  verifySecondFactor,
} from '../../services/accounts/auth.ts';
import { completeAccountReset, inspectAccountReset } from '../../services/accounts/recovery.ts';
import type { SignedIn } from '../../services/accounts/auth.ts';
import { acceptInvite, inspectInvite } from '../../services/accounts/users.ts';
import { listMyNotices, markMyNoticesRead } from '../../services/accounts/access-grants.ts';
import type { Deps } from '../../services/deps.ts';
import { presentSessionCan } from '../presenters/can.ts';
import { findPractice } from '../../services/accounts/practice.ts';

export type CookieOptions = { secure: boolean };

async function sessionBody(deps: Deps, si: SignedIn) {
  const practice = await findPractice(deps);
  return {
    user: publicUser(si.user),
    csrfToken: si.session.csrfToken,
    mfaPending: si.mfaPending,
    practice: practice && { name: practice.name, timeZone: practice.timeZone, locale: practice.locale, crisisInfo: practice.crisisInfo },
    // What the caller may do before naming any client: menus, pages and redirects (src/web/app.tsx).
    can: presentSessionCan(si.caller, practice),
  };
}

export function accountRoutes(cookie: CookieOptions) {
  const cookieName = sessionCookieName(cookie.secure);
  // No Domain attribute: the cookie stays on this host (required by the __Host- prefix).
  const setCookie = (ctx: Ctx<unknown, unknown, unknown>, value: string) =>
    ctx.reply.setCookie(cookieName, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: cookie.secure });
  const clearCookie = (ctx: Ctx<unknown, unknown, unknown>) => ctx.reply.clearCookie(cookieName, { path: '/', secure: cookie.secure });
  return [
    route({
      method: 'GET',
      url: '/api/setup',
      policy: 'setup:status',
      tag: 'setup',
      summary: 'Whether first-run set-up is still needed',
      response: s.setupStatusView,
      handler: async ({ deps }) => ({ needed: await needsSetup(deps) }),
    }),
    route({
      method: 'POST',
      url: '/api/setup',
      policy: 'setup:create',
      tag: 'setup',
      summary: 'Create the practice and its admin (one-time set-up link)',
      body: s.setupBody,
      response: okView,
      handler: async ({ deps, body }) => {
        await createPractice(deps, {
          token: body.token,
          practiceName: body.practiceName,
          timeZone: body.timeZone,
          locale: body.locale,
          adminEmail: body.adminEmail,
          adminName: body.adminName,
          password: body.password,
          alsoTherapist: body.alsoTherapist,
          requireSecondFactor: body.requireSecondFactor,
          crisisInfo: body.crisisInfo,
        });
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/session',
      policy: 'session:create',
      tag: 'session',
      summary: 'Sign in',
      body: s.signInBody,
      response: s.sessionView,
      handler: async (ctx) => {
        const { token, signedIn } = await signIn(ctx.deps, ctx.body.email, ctx.body.password, ctx.ip);
        setCookie(ctx, token);
        return sessionBody(ctx.deps, signedIn);
      },
    }),
    route({
      method: 'GET',
      url: '/api/session',
      policy: 'session:read',
      tag: 'session',
      summary: 'The signed-in user',
      beforeMfa: true,
      quietWithoutCookie: true,
      response: s.sessionView,
      status: 200,
      handler: async ({ deps, signedIn }) => sessionBody(deps, signedIn),
    }),
    route({
      method: 'DELETE',
      url: '/api/session',
      policy: 'session:delete',
      tag: 'session',
      summary: 'Sign out',
      beforeMfa: true,
      response: okView,
      handler: async (ctx) => {
        const token = ctx.request.cookies[cookieName];
        if (token) await signOut(ctx.deps, token);
        clearCookie(ctx);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/session/reauth',
      policy: 'session:reauth',
      tag: 'session',
      summary: 'Confirm the password again',
      body: s.reauthBody,
      response: okView,
      status: 200,
      handler: async ({ deps, signedIn, body, ip }) => {
        await reauthenticate(deps, signedIn, body.password, ip, body.code);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/session/mfa',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'Check a TOTP code (completes sign-in or enrolment)',
      beforeMfa: true,
      body: s.codeBody,
      response: s.codeCheckedView,
      status: 200,
      handler: async (ctx) => {
        // The session is replaced once the second factor is done: the new id goes in the cookie.
        const { token, recoveryCodes } = await verifySecondFactor(ctx.deps, ctx.signedIn, ctx.body.code, ctx.ip);
        setCookie(ctx, token);
        return recoveryCodes ? { ok: true as const, recoveryCodes } : { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      url: '/api/session/mfa/recovery',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'Complete sign-in with a one-time recovery code instead of the authenticator',
      beforeMfa: true,
      body: s.recoveryCodeBody,
      response: s.recoveryLeftView,
      status: 200,
      handler: async (ctx) => {
        const { token, remaining } = await signInWithRecoveryCode(ctx.deps, ctx.signedIn, ctx.body.code, ctx.ip);
        setCookie(ctx, token);
        return { remaining };
      },
    }),
    route({
      method: 'GET',
      url: '/api/me/recovery-codes',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'How many unused recovery codes are left',
      response: s.recoveryLeftView,
      handler: async ({ deps, signedIn }) => ({ remaining: await recoveryCodesLeft(deps, signedIn) }),
    }),
    route({
      method: 'POST',
      url: '/api/me/recovery-codes',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'Replace own recovery codes (needs recent re-authentication; shown once)',
      response: s.recoveryCodesView,
      handler: async ({ deps, signedIn }) => ({ codes: await regenerateRecoveryCodes(deps, signedIn) }),
    }),
    route({
      method: 'POST',
      url: '/api/me/mfa',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'Start setting up an authenticator app',
      beforeMfa: true,
      response: s.totpView,
      handler: async ({ deps, signedIn }) => beginTotp(deps, signedIn),
    }),
    route({
      method: 'DELETE',
      url: '/api/me/mfa',
      policy: 'mfa:manage',
      tag: 'session',
      summary: 'Remove the authenticator app (needs recent re-authentication)',
      response: okView,
      handler: async ({ deps, signedIn }) => {
        await removeSecondFactor(deps, signedIn);
        return { ok: true };
      },
    }),
    route({
      method: 'POST',
      url: '/api/me/password',
      policy: 'password:change',
      tag: 'session',
      summary: 'Change own password (signs out everywhere)',
      body: s.passwordChangeBody,
      response: okView,
      status: 200,
      handler: async (ctx) => {
        await changePassword(ctx.deps, ctx.signedIn, ctx.body.current, ctx.body.next, ctx.ip);
        clearCookie(ctx);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/me/notices',
      policy: 'notices:own',
      tag: 'session',
      summary: 'Own notices: who gained access to my clients, newest first',
      response: s.accessNoticeView.array(),
      handler: async ({ deps, signedIn }) => listMyNotices(deps, signedIn.user),
    }),
    route({
      method: 'POST',
      url: '/api/me/notices/read',
      policy: 'notices:own',
      tag: 'session',
      summary: 'Mark own notices as read',
      response: okView,
      status: 200,
      handler: async ({ deps, signedIn }) => {
        await markMyNoticesRead(deps, signedIn.user.id);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      url: '/api/resets/:token',
      policy: 'reset:inspect',
      tag: 'invites',
      summary: 'What a reset link is for',
      params: s.resetParams,
      response: s.resetInfoView,
      handler: async ({ deps, params }) => inspectAccountReset(deps, params.token),
    }),
    route({
      method: 'POST',
      url: '/api/resets/:token',
      policy: 'reset:complete',
      tag: 'invites',
      summary: 'Use a reset link: a new password, or (with the current password) remove the second factor',
      params: s.resetParams,
      body: s.resetBody,
      response: s.resetDoneView,
      status: 200,
      handler: async ({ deps, params, body, ip }) => completeAccountReset(deps, params.token, body, ip),
    }),
    route({
      method: 'GET',
      url: '/api/invites/:token',
      policy: 'invite:inspect',
      tag: 'invites',
      summary: 'What an invite is for',
      params: s.inviteParams,
      response: s.inviteInfoView,
      handler: async ({ deps, params }) => inspectInvite(deps, params.token),
    }),
    route({
      method: 'POST',
      url: '/api/invites/:token/accept',
      policy: 'invite:accept',
      tag: 'invites',
      summary: 'Accept an invite and set a password',
      params: s.inviteParams,
      body: s.acceptBody,
      response: s.acceptedView,
      handler: async ({ deps, params, body }) => ({ email: (await acceptInvite(deps, params.token, body)).email }),
    }),
  ];
}
