export default function DashboardList() {
  return <main className="page"><h1>Dashboards</h1></main>;
}
