"use client";

/** The root layout itself failed: no catalogue to read, so both languages, and no stack. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main style={{ maxWidth: "28rem", margin: "4rem auto", padding: "0 1rem", textAlign: "center" }}>
          <h1>Something went wrong · 出错了</h1>
          <p>This page could not be shown. Try again in a moment. · 这个页面暂时无法显示，请稍后再试。</p>
          <button type="button" onClick={reset}>
            Try again · 重试
          </button>
        </main>
      </body>
    </html>
  );
}
