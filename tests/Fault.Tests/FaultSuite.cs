// Each fault test starts its own PostgreSQL and runtime processes and then breaks them on purpose; run side by side on
// a 2-core CI machine they starve each other's timings, so the suite runs one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
