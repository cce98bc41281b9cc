namespace Glyphh.Runtime.Search;

/// <summary>Exact nearest-neighbour search: scores every candidate, keeps the best k (ties by id).</summary>
internal static class VectorSearch
{
    public static async Task<List<(string Id, double Score)>> TopKAsync(
        IAsyncEnumerable<(string Id, float[] Vector)> candidates, float[] query, int k, bool cosine, CancellationToken cancellationToken)
    {
        var queryNorm = Norm(query);
        // Min-heap of the best k so far: the root is the worst kept hit.
        var heap = new PriorityQueue<(string Id, double Score), (double Score, string Id)>(k + 1, WorstFirst.Instance);
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
            heap.Enqueue((id, score), (score, id));
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }
        var result = new List<(string Id, double Score)>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }
        result.Reverse();
        return result;
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

    /// <summary>Lower score first; on equal scores the larger id is worse, so results are ordered by id.</summary>
    private sealed class WorstFirst : IComparer<(double Score, string Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, string Id) x, (double Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
