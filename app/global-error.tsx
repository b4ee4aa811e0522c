'use client';
// The root layout's own boundary: it replaces the whole document, so it brings its own <html> and no providers.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="login">
          <div className="card" role="alert">
            <h1>The console could not render this page</h1>
            <p>{error.digest ? `Reference ${error.digest} in the console's log.` : error.message}</p>
            <button type="button" onClick={() => reset()}>
              Retry
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
