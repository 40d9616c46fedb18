import { hrefFor, navigate } from '../router.js';

/** Follows an in-app link without a page load; modified clicks (new tab) keep the browser's behaviour. */
export function onAppLink(e: React.MouseEvent<HTMLAnchorElement>): void {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const url = new URL(e.currentTarget.href);
  navigate(url.pathname, { query: url.searchParams });
}

export function AppLink({ to, children, ...rest }: { to: string } & React.AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a href={hrefFor(to)} onClick={onAppLink} {...rest}>
      {children}
    </a>
  );
}
