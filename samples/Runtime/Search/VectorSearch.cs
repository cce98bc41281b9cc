namespace Glyphh.Runtime.Search;

/// <summary>
/// Exact nearest-neighbour search over streamed candidates in a scalar loop: the search before <see cref="SearchIndex"/>,
/// kept as the benchmark's baseline and the tests' reference.
/// </summary>
internal static class VectorSearch
{
    public static async Task<List<(string Id, double Score)>> TopKAsync(
        IAsyncEnumerable<(string Id, float[] Vector)> candidates, float[] query, int k, bool cosine, CancellationToken cancellationToken)
    {
        var queryNorm = Norm(query);
        var best = new TopK(k);
        await foreach (var (id, vector) in candidates.WithCancellation(cancellationToken))
        {
            double dot = 0;
            for (var i = 0; i < vector.Length; i++)
            {
                dot += (double)query[i] * vector[i];
            }
            var score = dot;
            if (cosine)
            {
                var norm = Norm(vector);
                score = norm == 0 || queryNorm == 0 ? 0 : dot / (norm * queryNorm);
            }
            best.Offer(id, score);
        }
        return best.ToList();
    }

    public static double Norm(float[] vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += (double)x * x;
        }
        return Math.Sqrt(sum);
    }
}
