using System.Collections.Concurrent;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Releases the store could not take, retried in order in the background (backing off from 100 ms to 30 s) until it
/// does, so a host never catches a release failure itself. Bounded: when full, the caller's release fails loudly.
/// In memory: a process that dies with releases pending leaves them to the host's reconcile.
/// </summary>
internal sealed class QuotaReleaseQueue : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly IQuotaStore _store;
    private readonly TimeProvider _time;
    private readonly QuotaMetrics _metrics;
    private readonly ILogger<QuotaReleaseQueue> _logger;
    private readonly int _capacity;
    private readonly ConcurrentQueue<(string Namespace, QuotaRequest[] Deltas)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task? _loop;
    private int _pending;

    public QuotaReleaseQueue(IQuotaStore store, TimeProvider time, QuotaMetrics metrics, IOptions<GlyphhQuotasOptions> options, ILogger<QuotaReleaseQueue> logger)
    {
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _capacity = options.Value.ReleaseQueueCapacity;
        metrics.ObservePendingReleases(() => Volatile.Read(ref _pending));
    }

    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues a release; false when the queue is full.</summary>
    public bool TryEnqueue(string @namespace, QuotaRequest[] deltas, Exception reason)
    {
        if (Interlocked.Increment(ref _pending) > _capacity)
        {
            Interlocked.Decrement(ref _pending);
            Log.ReleaseQueueFull(_logger, reason, @namespace, _capacity);
            return false;
        }
        _queue.Enqueue((@namespace, deltas));
        Log.ReleaseQueued(_logger, reason, @namespace, Pending);
        EnsureStarted();
        _signal.Release();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (Pending > 0)
        {
            Log.ReleasesLeftAtShutdown(_logger, Pending);
        }
    }

    // Hosts that dispose their container synchronously must not throw; the loop stops at its next await.
    public void Dispose()
    {
        _stopping.Cancel();
        if (Pending > 0)
        {
            Log.ReleasesLeftAtShutdown(_logger, Pending);
        }
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }
        lock (_startLock)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = FirstDelay;
        while (!stopping.IsCancellationRequested)
        {
            await _signal.WaitAsync(stopping).ConfigureAwait(false);
            while (_queue.TryPeek(out var item))
            {
                try
                {
                    await _store.AdjustAsync(item.Namespace, item.Deltas, stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    _metrics.ReleaseRetried();
                    Log.ReleaseRetryFailed(_logger, exception, item.Namespace, delay.TotalSeconds);
                    await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
                    continue;
                }
                _queue.TryDequeue(out _);
                Interlocked.Decrement(ref _pending);
                delay = FirstDelay;
                Log.ReleaseApplied(_logger, item.Namespace, Pending);
            }
        }
    }
}
