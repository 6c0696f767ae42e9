/** Shown when the dashboard was opened without its access token. */
export function NoToken() {
  return (
    <main className="no-token">
      <h1>Portico</h1>
      <p>This dashboard needs its access token.</p>
      <p>
        Open the exact URL that <code>portico serve</code> printed (the line starting with{' '}
        <code>Dashboard:</code>); it carries the token after the <code>#</code>.
      </p>
    </main>
  );
}
