using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Search;

/// <summary>
/// One model's vectors in memory, kept in step with the database by its change log: each search reads the model's
/// version (one indexed row), replays the glyphs changed since (any replica's writes), or reloads the model when it
/// fell too far behind. Searches run in parallel under a read lock; a replay takes the write lock briefly.
/// </summary>
internal sealed class ModelVectors : IDisposable
{
    /// <summary>Changes replayed one glyph at a time; further behind than this, the model is reloaded.</summary>
    public const int MaxReplay = 2_000;

    /// <summary>Change-log rows kept behind the newest version this replica has applied, for replicas further behind.</summary>
    public const long RetainedChanges = 100_000;

    // Rows per partition below which one core scores the whole table.
    private const int RowsPerPartition = 32_768;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<int, VectorTable> _tables = [];
    private readonly Dictionary<string, int> _dimensionsOf = new(StringComparer.Ordinal);
    private long _version = -1;
    private long _prunedThrough;

    /// <summary>The bytes held in vectors and norms.</summary>
    public long Bytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _tables.Values.Sum(t => t.Bytes);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Brings the vectors up to the database's current version of the model.</summary>
    public async Task SyncAsync(GlyphStore store, string model, CancellationToken cancellationToken)
    {
        var current = await store.ReadGlyphsVersionAsync(model, cancellationToken);
        if (Interlocked.Read(ref _version) >= current && _version >= 0)
        {
            return;
        }
        await _sync.WaitAsync(cancellationToken);
        try
        {
            if (_version >= current && _version >= 0)
            {
                return;
            }
            if (_version < 0 || !await ReplayAsync(store, model, cancellationToken))
            {
                await ReloadAsync(store, model, cancellationToken);
            }
            if (_version - RetainedChanges > _prunedThrough + RetainedChanges / 10)
            {
                _prunedThrough = _version - RetainedChanges;
                await store.PruneGlyphChangesAsync(model, _prunedThrough, cancellationToken);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>The exact top <paramref name="k"/> among the vectors of the query's dimension.</summary>
    public List<(string Id, double Score)> Search(float[] query, int k, bool cosine)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_tables.TryGetValue(query.Length, out var table) || table.Count == 0)
            {
                return [];
            }
            var queryNorm = System.Numerics.Tensors.TensorPrimitives.Norm(query);
            var partitions = Math.Clamp(table.Count / RowsPerPartition, 1, Environment.ProcessorCount);
            if (partitions == 1)
            {
                var best = new TopK(k);
                table.Score(query, queryNorm, cosine, 0, table.Count, best);
                return best.ToList();
            }
            var parts = new TopK[partitions];
            var size = (table.Count + partitions - 1) / partitions;
            Parallel.For(0, partitions, p =>
            {
                parts[p] = new TopK(k);
                table.Score(query, queryNorm, cosine, p * size, Math.Min(table.Count, (p + 1) * size), parts[p]);
            });
            for (var p = 1; p < partitions; p++)
            {
                parts[0].Merge(parts[p]);
            }
            return parts[0].ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Applies the logged changes after the applied version; false when the log no longer reaches back that far.</summary>
    private async Task<bool> ReplayAsync(GlyphStore store, string model, CancellationToken cancellationToken)
    {
        var changes = await store.ReadGlyphChangesAsync(model, _version, MaxReplay + 1, cancellationToken);
        if (changes.Count == 0 || changes.Count > MaxReplay || changes[0].Version != _version + 1)
        {
            return false;
        }
        // Each changed glyph is read as it is now, after the log: replaying a change twice is harmless.
        var fresh = new List<(string Id, float[]? Vector)>();
        foreach (var id in changes.Select(c => c.Id).Distinct(StringComparer.Ordinal))
        {
            fresh.Add((id, await store.ReadVectorAsync(model, id, cancellationToken)));
        }
        _lock.EnterWriteLock();
        try
        {
            foreach (var (id, vector) in fresh)
            {
                Apply(id, vector);
            }
            Interlocked.Exchange(ref _version, changes[^1].Version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return true;
    }

    private async Task ReloadAsync(GlyphStore store, string model, CancellationToken cancellationToken)
    {
        // The version first: rows read afterwards are at least that new, and later changes replay on top.
        var version = await store.ReadGlyphsVersionAsync(model, cancellationToken);
        var loaded = new ModelVectors();
        await foreach (var (id, vector) in store.ReadAllVectorsAsync(model, cancellationToken))
        {
            loaded.Apply(id, vector);
        }
        _lock.EnterWriteLock();
        try
        {
            _tables.Clear();
            _dimensionsOf.Clear();
            foreach (var (dimensions, table) in loaded._tables)
            {
                _tables[dimensions] = table;
            }
            foreach (var (id, dimensions) in loaded._dimensionsOf)
            {
                _dimensionsOf[id] = dimensions;
            }
            Interlocked.Exchange(ref _version, version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        loaded.Dispose();
    }

    /// <summary>Sets (or, with null, removes) one glyph's vector; the caller holds the write lock or owns the instance.</summary>
    internal void Apply(string id, float[]? vector)
    {
        if (_dimensionsOf.TryGetValue(id, out var old) && (vector is null || old != vector.Length))
        {
            _tables[old].Remove(id);
            _dimensionsOf.Remove(id);
        }
        if (vector is null)
        {
            return;
        }
        if (!_tables.TryGetValue(vector.Length, out var table))
        {
            _tables[vector.Length] = table = new VectorTable(vector.Length);
        }
        table.Set(id, vector);
        _dimensionsOf[id] = vector.Length;
    }

    public void Dispose()
    {
        _lock.Dispose();
        _sync.Dispose();
    }
}
