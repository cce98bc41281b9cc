// Search benchmark: p50/p99 per query and memory for N vectors of 128 dimensions, k = 10, cosine.
//   index (memory)    ModelVectors.Search alone: the scoring the runtime now does per query
//   index (+ SQLite)  the runtime's real per-query path: version check on SQLite, then the in-memory search
//   scan (SQLite)     the search before: every vector read from SQLite and scored in a scalar double loop
// The SQLite rows are bulk-inserted with the runtime's own schema (migrations, triggers included).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Glyphh.BareRuntime;
using Glyphh.Runtime.Search;
using Glyphh.Runtime.Storage;
using Microsoft.Extensions.Logging.Abstractions;

const int Dimensions = 128;
const int K = 10;
var sizes = (args.Length > 0 ? args[0] : "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var scanLimit = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
Console.WriteLine($"cores {Environment.ProcessorCount}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
Console.WriteLine("| vectors | path | p50 ms | p99 ms | queries | memory |");
Console.WriteLine("|---:|---|---:|---:|---:|---|");

foreach (var n in sizes)
{
    var random = new Random(42);
    var queries = Enumerable.Range(0, 64).Select(_ => Vector(random)).ToArray();
    var dir = Directory.CreateTempSubdirectory("glyphh-searchbench-");
    try
    {
        using var dialect = new SqliteDialect(Path.Combine(dir.FullName, "glyphh.db"));
        var store = new GlyphStore(dialect, new NoQuotaLedger(), TimeProvider.System, NullLogger<GlyphStore>.Instance);
        await store.MigrateAsync(CancellationToken.None);
        await store.CreateModelAsync("m", CancellationToken.None);
        await BulkInsertAsync(dialect, n, random);

        // Memory of the index: the managed heap before and after loading it through the runtime's own path.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new ModelVectors();
        var load = Stopwatch.StartNew();
        await index.SyncAsync(store, "m", CancellationToken.None);
        load.Stop();
        var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        var iterations = n >= 1_000_000 ? 40 : n >= 100_000 ? 100 : 300;
        Report(n, "index (memory)", Measure(iterations, i => { index.Search(queries[i % queries.Length], K, cosine: true); return Task.CompletedTask; }),
            iterations, $"{indexBytes / 1048576.0:F0} MiB held (vectors {(long)n * Dimensions * 4 / 1048576.0:F0} MiB); loaded in {load.Elapsed.TotalSeconds:F1} s");
        Report(n, "index (+ SQLite version check)", Measure(iterations, async i =>
        {
            await index.SyncAsync(store, "m", CancellationToken.None);
            index.Search(queries[i % queries.Length], K, cosine: true);
        }), iterations, "same");

        // Same answers as the scan (exactness), checked on a few queries.
        for (var q = 0; q < 3; q++)
        {
            var expected = await VectorSearch.TopKAsync(store.ReadVectorsAsync("m", Dimensions, CancellationToken.None), queries[q], K, true, CancellationToken.None);
            var actual = index.Search(queries[q], K, cosine: true);
            if (!expected.Select(h => h.Id).SequenceEqual(actual.Select(h => h.Id)))
            {
                throw new InvalidOperationException($"index and scan disagree for query {q} at {n} vectors");
            }
        }
        index.Dispose();

        if (n <= scanLimit)
        {
            var scanIterations = n >= 1_000_000 ? 5 : n >= 100_000 ? 15 : 60;
            long allocated = 0;
            var samples = Measure(scanIterations, async i =>
            {
                var start = GC.GetTotalAllocatedBytes(precise: false);
                await VectorSearch.TopKAsync(store.ReadVectorsAsync("m", Dimensions, CancellationToken.None), queries[i % queries.Length], K, true, CancellationToken.None);
                allocated = GC.GetTotalAllocatedBytes(precise: false) - start;
            });
            Report(n, "scan (SQLite, before)", samples, scanIterations, $"nothing held; {allocated / 1048576.0:F0} MiB allocated per query");
        }
    }
    finally
    {
        SqliteConnectionPoolClear();
        dir.Delete(recursive: true);
    }
}

static float[] Vector(Random random) => [.. Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))];

static async Task BulkInsertAsync(SqliteDialect dialect, int n, Random random)
{
    await using var connection = await dialect.OpenAsync(CancellationToken.None);
    await using var transaction = await connection.BeginTransactionAsync();
    await using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText = "INSERT INTO glyphh_glyphs (model, id, dimensions, vector, payload, storage_bytes, memory_bytes, updated_at) VALUES ('m', @id, @d, @v, NULL, 0, 0, 0)";
    var id = command.CreateParameter();
    id.ParameterName = "@id";
    var d = command.CreateParameter();
    d.ParameterName = "@d";
    d.Value = Dimensions;
    var v = command.CreateParameter();
    v.ParameterName = "@v";
    command.Parameters.Add(id);
    command.Parameters.Add(d);
    command.Parameters.Add(v);
    for (var i = 0; i < n; i++)
    {
        id.Value = $"g{i:D7}";
        v.Value = MemoryMarshal.AsBytes(Vector(random).AsSpan()).ToArray();
        await command.ExecuteNonQueryAsync();
    }
    await transaction.CommitAsync();
}

static double[] Measure(int iterations, Func<int, Task> query)
{
    for (var i = 0; i < Math.Min(3, iterations); i++)
    {
        query(i).GetAwaiter().GetResult();
    }
    var samples = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        query(i).GetAwaiter().GetResult();
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(samples);
    return samples;
}

static void Report(int n, string path, double[] sorted, int iterations, string memory) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n:N0} | {path} | {Percentile(sorted, 0.50):F2} | {Percentile(sorted, 0.99):F2} | {iterations} | {memory} |"));

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static void SqliteConnectionPoolClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
