namespace Glyphh.Quotas.Tests;

/// <summary>
/// Races many workers on one namespace: each keeps a count of what it holds (incremented after a grant, decremented
/// before a release), so the sum of holdings is never below the store's usage; if it ever exceeds the limit, the
/// store over-granted. At the end the usage must equal the holdings exactly.
/// </summary>
internal static class QuotaContention
{
    public static async Task<ContentionResult> RunAsync(
        Func<int, IQuotaService> serviceForWorker,
        string @namespace,
        long glyphLimit,
        long bytesPerGlyph,
        int workers,
        int attemptsPerWorker)
    {
        long held = 0;
        long maxHeld = 0;
        long granted = 0;
        long denied = 0;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var quotas = serviceForWorker(worker);
            var random = new Random(worker);
            var mine = new Stack<QuotaReservation>();
            start.Wait();
            for (var i = 0; i < attemptsPerWorker; i++)
            {
                if (mine.Count > 0 && random.Next(3) == 0)
                {
                    var release = mine.Pop();
                    Interlocked.Decrement(ref held);
                    await release.ReleaseAsync();
                    continue;
                }
                var reservation = await quotas.ReserveAsync(@namespace, [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, bytesPerGlyph)]);
                if (reservation.IsGranted)
                {
                    Interlocked.Increment(ref granted);
                    var now = Interlocked.Increment(ref held);
                    long seen;
                    while (now > (seen = Interlocked.Read(ref maxHeld)) && Interlocked.CompareExchange(ref maxHeld, now, seen) != seen)
                    {
                    }
                    mine.Push(reservation);
                }
                else
                {
                    Interlocked.Increment(ref denied);
                }
            }
            foreach (var kept in mine)
            {
                kept.Commit();
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);
        return new ContentionResult(Interlocked.Read(ref held), Interlocked.Read(ref maxHeld), granted, denied);
    }

    internal sealed record ContentionResult(long Held, long MaxHeld, long Granted, long Denied);
}
