namespace Glyphh.Runtime.Hosting;

/// <summary>
/// Turns readiness unhealthy as soon as shutdown begins and holds the server open for
/// <c>Glyphh:Runtime:ShutdownDelay</c>, so load balancers stop routing before connections close;
/// in-flight requests then get the host's shutdown timeout to finish.
/// </summary>
internal sealed class ShutdownState(Configuration.RuntimeSettings settings, TimeProvider time, ILogger<ShutdownState> logger) : IHostedLifecycleService
{
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        Log.Draining(logger, settings.ShutdownDelay);
        if (settings.ShutdownDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(settings.ShutdownDelay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout cut the drain short.
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
