/** Stands in for a page another helper is building (replaced in routes.tsx). */
export default function Placeholder() {
  return (
    <main className="page">
      <p className="muted">This page is not built yet.</p>
    </main>
  );
}
