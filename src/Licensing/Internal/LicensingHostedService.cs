using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Glyphh.Licensing.Internal;

/// <summary>Checks the license at start-up, then revalidates and re-evaluates on TimeProvider timers.</summary>
internal sealed partial class LicensingHostedService(LicenseRuntime runtime, TimeProvider timeProvider, ILogger<LicensingHostedService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await runtime.TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LoopFailed(logger, ex);
                delay = TimeSpan.FromMinutes(1);
            }

            try
            {
                await Task.Delay(delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay, timeProvider, stoppingToken).ConfigureAwait(false);
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
