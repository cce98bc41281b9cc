using System.Numerics.Tensors;

namespace Glyphh.Runtime.Search;

/// <summary>
/// The vectors of one dimension in one model, row after row in one array (cache- and SIMD-friendly), with their
/// norms precomputed for cosine. Not thread-safe: <see cref="ModelVectors"/> guards it.
/// </summary>
internal sealed class VectorTable(int dimensions)
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private float[] _data = [];
    private float[] _norms = [];
    private string[] _ids = [];

    public int Dimensions { get; } = dimensions;

    public int Count { get; private set; }

    /// <summary>The bytes this table holds in vectors and norms (its share of the model's memory).</summary>
    public long Bytes => ((long)_data.Length + _norms.Length) * sizeof(float);

    public void Set(string id, float[] vector)
    {
        if (!_slots.TryGetValue(id, out var slot))
        {
            if (Count == _ids.Length)
            {
                Grow();
            }
            slot = Count++;
            _slots[id] = slot;
            _ids[slot] = id;
        }
        vector.CopyTo(_data.AsSpan(slot * Dimensions, Dimensions));
        _norms[slot] = TensorPrimitives.Norm(vector);
    }

    public void Remove(string id)
    {
        if (!_slots.Remove(id, out var slot))
        {
            return;
        }
        // The last row fills the hole, so the rows stay dense.
        var last = --Count;
        if (slot != last)
        {
            _data.AsSpan(last * Dimensions, Dimensions).CopyTo(_data.AsSpan(slot * Dimensions, Dimensions));
            _norms[slot] = _norms[last];
            _ids[slot] = _ids[last];
            _slots[_ids[slot]] = slot;
        }
        _ids[last] = null!;
    }

    /// <summary>Scores rows [<paramref name="from"/>, <paramref name="to"/>) into <paramref name="best"/>.</summary>
    public void Score(ReadOnlySpan<float> query, float queryNorm, bool cosine, int from, int to, TopK best)
    {
        var data = _data.AsSpan();
        for (var row = from; row < to; row++)
        {
            double score = TensorPrimitives.Dot(query, data.Slice(row * Dimensions, Dimensions));
            if (cosine)
            {
                var norm = _norms[row];
                score = norm == 0 || queryNorm == 0 ? 0 : score / ((double)norm * queryNorm);
            }
            best.Offer(_ids[row], score);
        }
    }

    private void Grow()
    {
        var capacity = Math.Max(16, _ids.Length * 2);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _norms, capacity);
        Array.Resize(ref _data, checked(capacity * Dimensions));
    }
}
