using Glyphh.Quotas;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// Releases the quota store could not take (it shares the database, so it fails with it) are kept here,
/// summed per namespace and resource, and retried until the store answers. Without this, a write that
/// reserved and then failed against a dying database would leave its reservation counted for good.
/// Until a release lands usage over-counts, which refuses writes rather than granting them. A process that
/// dies with releases pending is made right by the reconciliation at start-up.
/// </summary>
internal sealed class DeferredReleases(IQuotaService quotas, TimeProvider time, ILogger<DeferredReleases> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(string Namespace, string Resource), long> _pending = [];
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>The number of namespace and resource pairs with a release still to apply.</summary>
    public int Count
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Releases now, or keeps the release for the background loop when the store fails.</summary>
    public async Task ReleaseAsync(string @namespace, IReadOnlyList<QuotaRequest> requests)
    {
        try
        {
            await quotas.ReleaseAsync(@namespace, requests, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Defer(@namespace, requests, ex);
        }
    }

    /// <summary>Keeps a release the store refused, to be retried in the background.</summary>
    public void Defer(string @namespace, IReadOnlyList<QuotaRequest> requests, Exception reason)
    {
        lock (_pending)
        {
            foreach (var request in requests)
            {
                if (request.Amount > 0)
                {
                    var key = (@namespace, request.Resource);
                    _pending[key] = _pending.GetValueOrDefault(key) + request.Amount;
                }
            }
        }
        Log.QuotaReleaseDeferred(logger, @namespace, reason.GetType().Name);
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Count == 0)
            {
                delay = FirstRetry;
                try
                {
                    await _signal.WaitAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = await FlushAsync(stoppingToken) ? FirstRetry : Min(delay * 2, LongestRetry);
        }
        if (Count > 0)
        {
            Log.QuotaReleasesLeftAtShutdown(logger, Count);
        }
    }

    /// <summary>Applies every pending release it can; false when the store still fails.</summary>
    internal async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        KeyValuePair<(string Namespace, string Resource), long>[] batch;
        lock (_pending)
        {
            batch = [.. _pending];
        }
        foreach (var ((ns, resource), amount) in batch)
        {
            try
            {
                await quotas.ReleaseAsync(ns, resource, amount, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return false;
            }
            lock (_pending)
            {
                var left = _pending.GetValueOrDefault((ns, resource)) - amount;
                if (left > 0)
                {
                    _pending[(ns, resource)] = left;
                }
                else
                {
                    _pending.Remove((ns, resource));
                }
            }
            Log.QuotaReleaseApplied(logger, ns, resource, amount);
        }
        return true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
