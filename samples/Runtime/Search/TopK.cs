namespace Glyphh.Runtime.Search;

/// <summary>The best k hits offered so far: highest score first, ties by id (the order exact search has always used).</summary>
internal sealed class TopK(int k)
{
    // Min-heap: the root is the worst kept hit, so a candidate below it is refused with one comparison.
    private readonly PriorityQueue<(string Id, double Score), (double Score, string Id)> _heap = new(k + 1, WorstFirst.Instance);

    public void Offer(string id, double score)
    {
        if (_heap.Count == k)
        {
            _heap.TryPeek(out _, out var worst);
            if (WorstFirst.Instance.Compare((score, id), worst) <= 0)
            {
                return;
            }
            _heap.EnqueueDequeue((id, score), (score, id));
            return;
        }
        _heap.Enqueue((id, score), (score, id));
    }

    public void Merge(TopK other)
    {
        foreach (var ((id, score), _) in other._heap.UnorderedItems)
        {
            Offer(id, score);
        }
    }

    public List<(string Id, double Score)> ToList()
    {
        var result = new List<(string Id, double Score)>(_heap.Count);
        while (_heap.Count > 0)
        {
            result.Add(_heap.Dequeue());
        }
        result.Reverse();
        return result;
    }

    /// <summary>Lower score first; on equal scores the larger id is worse, so results are ordered by id.</summary>
    internal sealed class WorstFirst : IComparer<(double Score, string Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, string Id) x, (double Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
