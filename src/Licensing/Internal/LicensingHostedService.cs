using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Glyphh.Licensing.Internal;

/// <summary>Checks the license at start-up, then revalidates and re-evaluates on TimeProvider timers.</summary>
internal sealed partial class LicensingHostedService(LicenseRuntime runtime, TimeProvider timeProvider, ILogger<LicensingHostedService> logger) : BackgroundService
{
    private static readonly TimeSpan MinSleep = TimeSpan.FromSeconds(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            long from;
            try
            {
                (sleep, from) = await runtime.TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LoopFailed(logger, ex);
                (sleep, from) = (TimeSpan.FromMinutes(1), timeProvider.GetTimestamp());
            }

            // The sleep counts from the tick's clock read: time that passed since (a slow save, a clock jump) is not slept again.
            var remaining = (sleep < MinSleep ? MinSleep : sleep) - timeProvider.GetElapsedTime(from);
            try
            {
                await Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 13, EventName = "LicenseLoopFailed", Level = LogLevel.Error, Message = "The license check failed unexpectedly; retrying in a minute")]
    private static partial void LoopFailed(ILogger logger, Exception exception);
}
