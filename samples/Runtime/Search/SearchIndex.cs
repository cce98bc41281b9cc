using System.Collections.Concurrent;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Search;

/// <summary>
/// Exact nearest-glyph search over vectors held in memory, one <see cref="ModelVectors"/> per model, loaded on the
/// model's first search and kept in step with every replica's writes through the database's change log.
/// </summary>
internal sealed class SearchIndex(GlyphStore store) : IDisposable
{
    private readonly ConcurrentDictionary<string, ModelVectors> _models = new(StringComparer.Ordinal);

    public async Task<List<(string Id, double Score)>> SearchAsync(string model, float[] query, int k, bool cosine, CancellationToken cancellationToken)
    {
        var vectors = _models.GetOrAdd(model, static _ => new ModelVectors());
        await vectors.SyncAsync(store, model, cancellationToken);
        return vectors.Search(query, k, cosine);
    }

    /// <summary>Frees a deleted model's vectors on this replica (others drop them as they replay the deletes).</summary>
    /// <remarks>Not disposed here: a search in flight may still hold it.</remarks>
    public void Forget(string model) => _models.TryRemove(model, out _);

    public void Dispose()
    {
        foreach (var vectors in _models.Values)
        {
            vectors.Dispose();
        }
    }
}
