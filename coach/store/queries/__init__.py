"""Read-only queries for Progress, History, status, stats, the report and shares (aggregated in SQL)."""
