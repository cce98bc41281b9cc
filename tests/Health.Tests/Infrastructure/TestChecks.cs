using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Tests.Infrastructure;

/// <summary>A check returning a fixed result and counting its runs.</summary>
internal sealed class CountingCheck(HealthCheckResult result) : IHealthCheck
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(result);
    }
}

/// <summary>A check that blocks its thread on a semaphore the test controls and ignores its cancellation token.</summary>
internal sealed class BlockingCheck : IHealthCheck, IDisposable
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;
    private int _finished;

    public SemaphoreSlim Release { get; } = new(0);

    public Task Entered => _entered.Task;

    public int Runs => Volatile.Read(ref _runs);

    public bool Finished => Volatile.Read(ref _finished) == 1;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        _entered.TrySetResult();
        Release.Wait(CancellationToken.None);
        Volatile.Write(ref _finished, 1);
        return Task.FromResult(HealthCheckResult.Healthy("finally done"));
    }

    public void Dispose()
    {
        Release.Release(100);
        Release.Dispose();
    }
}

/// <summary>A check that waits on a gate the test opens, counting its runs.</summary>
internal sealed class GatedCheck : IHealthCheck
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public int Runs => Volatile.Read(ref _runs);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        _entered.TrySetResult();
        await Gate.Task;
        return HealthCheckResult.Healthy("gate opened");
    }
}

/// <summary>A check that throws.</summary>
internal sealed class ThrowingCheck(string message) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(message);
}
