import { PageHeading } from '../components/page-heading.tsx';
import { Link } from '../router.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>There is nothing at this address, or you do not have access to it.</p>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </>
  );
}
