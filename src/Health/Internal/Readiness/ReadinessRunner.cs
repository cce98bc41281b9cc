using System.Globalization;
using Glyphh.Health.Internal.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>
/// Runs every registered <see cref="IHealthCheck"/> in parallel, each bounded by its timeout even when it ignores
/// cancellation, and shares one run among concurrent callers and for <see cref="GlyphhHealthOptions.CacheDuration"/>.
/// </summary>
internal sealed class ReadinessRunner
{
    private readonly HealthCheckRegistration[] _registrations;
    private readonly string[] _keys;
    private readonly HealthStatus?[] _previousStatus;
    private readonly GlyphhHealthOptions _options;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly TimeProvider _time;
    private readonly HealthMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<ReadinessReport>? _running;
    private Task<ReadinessReport>? _cached;
    private long _cachedAt;

    public ReadinessRunner(
        IOptions<HealthCheckServiceOptions> checks,
        IOptions<GlyphhHealthOptions> options,
        IServiceScopeFactory scopeFactory,
        TimeProvider time,
        HealthMetrics metrics,
        ILogger<ReadinessRunner> logger)
    {
        _registrations = [.. checks.Value.Registrations];
        _keys = CheckNames.ToUniqueKeys([.. _registrations.Select(r => r.Name)]);
        var tags = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            tags[_keys[i]] = new HashSet<string>(_registrations[i].Tags, StringComparer.Ordinal);
        }

        Tags = tags;
        _previousStatus = new HealthStatus?[_registrations.Length];
        _options = options.Value;
        _scopeFactory = scopeFactory;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        metrics.ObserveReportsFrom(() => _cached is { IsCompletedSuccessfully: true } cached ? cached.Result : null);
    }

    /// <summary>Each check key's registration tags.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Tags { get; }

    /// <summary>The latest report when it is younger than the cache duration, else the running or a new run.</summary>
    public Task<ReadinessReport> GetReportAsync()
    {
        lock (_gate)
        {
            if (_cached is not null && _time.GetElapsedTime(_cachedAt) < _options.CacheDuration)
            {
                return _cached;
            }
            // Task.Run: the run never completes inline, so it cannot re-enter this lock.
            return _running ??= Task.Run(RunAsync);
        }
    }

    private async Task<ReadinessReport> RunAsync()
    {
        Task<ReadinessReport>? completed = null;
        try
        {
            var runs = new Task<CheckOutcome>[_registrations.Length];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = RunCheckAsync(_registrations[i], _keys[i]);
            }
            var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
            for (var i = 0; i < outcomes.Length; i++)
            {
                LogTransition(i, outcomes[i]);
            }
            var report = new ReadinessReport(outcomes);
            completed = Task.FromResult(report);
            return report;
        }
        finally
        {
            lock (_gate)
            {
                if (completed is not null)
                {
                    _cached = completed;
                    _cachedAt = _time.GetTimestamp();
                }
                _running = null;
            }
        }
    }

    private async Task<CheckOutcome> RunCheckAsync(HealthCheckRegistration registration, string key)
    {
        var timeout = registration.Timeout > TimeSpan.Zero && registration.Timeout != Timeout.InfiniteTimeSpan
            ? registration.Timeout
            : _options.CheckTimeout;
        if (timeout > _options.Deadline)
        {
            timeout = _options.Deadline;
        }

        using var activity = ReadinessActivity.Start(key);
        // The timer starts before the check, so a check that blocks its thread cannot delay it.
        var timeoutSource = new CancellationTokenSource(timeout, _time);
        var scope = _scopeFactory.CreateAsyncScope();
        var start = _time.GetTimestamp();
        var work = Task.Run(() => InvokeAsync(registration, scope.ServiceProvider, timeoutSource.Token));

        CheckOutcome outcome;
        var finished = true;
        var timedOut = false;
        try
        {
            var result = await work.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            outcome = new CheckOutcome(key, result.Status, _time.GetElapsedTime(start),
                result.Description ?? result.Exception?.Message ?? "", result.Exception);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            finished = work.IsCompleted;
            timedOut = true;
            outcome = new CheckOutcome(key, registration.FailureStatus, _time.GetElapsedTime(start),
                "timed out after " + timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s", null);
        }
        catch (Exception exception)
        {
            outcome = new CheckOutcome(key, registration.FailureStatus, _time.GetElapsedTime(start), exception.Message, exception);
        }

        if (finished)
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            timeoutSource.Dispose();
        }
        else
        {
            _ = ReleaseWhenFinishedAsync(work, scope, timeoutSource, key);
        }

        _metrics.RecordDuration(key, outcome.Status, outcome.Duration);
        ReadinessActivity.Complete(activity, outcome, timedOut);
        return outcome;
    }

    private async Task ReleaseWhenFinishedAsync(Task work, AsyncServiceScope scope, CancellationTokenSource timeoutSource, string key)
    {
        // The check ignored its cancellation and still runs; its scope lives until it ends.
        try
        {
            await work.ConfigureAwait(false);
            Log.TimedOutCheckFinished(_logger, key, null);
        }
        catch (Exception exception)
        {
            Log.TimedOutCheckFinished(_logger, key, exception);
        }
        await scope.DisposeAsync().ConfigureAwait(false);
        timeoutSource.Dispose();
    }

    private static Task<HealthCheckResult> InvokeAsync(HealthCheckRegistration registration, IServiceProvider services, CancellationToken cancellationToken)
    {
        var check = registration.Factory(services);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, cancellationToken);
    }

    private void LogTransition(int index, CheckOutcome outcome)
    {
        var previous = _previousStatus[index];
        _previousStatus[index] = outcome.Status;
        if (previous == outcome.Status || (previous is null && outcome.Status == HealthStatus.Healthy))
        {
            return;
        }
        var was = previous is { } p ? HealthStatusText.Of(p) : "unknown";
        switch (outcome.Status)
        {
            case HealthStatus.Healthy:
                Log.CheckBecameHealthy(_logger, outcome.Key, was);
                break;
            case HealthStatus.Degraded:
                Log.CheckBecameDegraded(_logger, outcome.Key, was, outcome.Description);
                break;
            default:
                Log.CheckBecameUnhealthy(_logger, outcome.Key, was, outcome.Description, outcome.Exception);
                break;
        }
    }
}
