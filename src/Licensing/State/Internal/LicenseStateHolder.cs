using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Holds the current snapshot; swaps it atomically, logs each status change once and raises <see cref="Changed"/>.</summary>
internal sealed class LicenseStateHolder : ILicenseState
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private LicenseSnapshot _current;

    public LicenseStateHolder(IOptions<GlyphhLicensingOptions> options, TimeProvider timeProvider, ILogger<LicenseStateHolder> logger)
    {
        _logger = logger;
        var mode = options.Value.Mode;
        var now = timeProvider.GetUtcNow();
        _current = mode switch
        {
            DeploymentMode.Local => ModeSnapshots.Local(options.Value, now),
            DeploymentMode.Cloud => ModeSnapshots.Cloud(options.Value, now),
            _ => new LicenseSnapshot(LicenseStatus.Invalid, mode, EffectiveLimits.None, "The license has not been checked yet (the host has not started).", now),
        };
    }

    public LicenseSnapshot Current => Volatile.Read(ref _current);

    public event EventHandler<LicenseStateChangedEventArgs>? Changed;

    public void Publish(LicenseSnapshot next)
    {
        LicenseSnapshot previous;
        lock (_gate)
        {
            previous = _current;
            Volatile.Write(ref _current, next);
        }

        if (previous.Status != next.Status)
        {
            var level = next.Status is LicenseStatus.Valid or LicenseStatus.Unlicensed ? LogLevel.Information
                : next.Status is LicenseStatus.Expiring or LicenseStatus.Grace ? LogLevel.Warning : LogLevel.Error;
            Log.StateChanged(_logger, level, previous.Status, next.Status, next.Reason);
        }

        if (!IsSignificant(previous, next))
        {
            return;
        }

        try
        {
            Changed?.Invoke(this, new LicenseStateChangedEventArgs(previous, next));
        }
        catch (Exception ex)
        {
            Log.ChangedHandlerFailed(_logger, ex);
        }
    }

    private static bool IsSignificant(LicenseSnapshot a, LicenseSnapshot b)
        => a.Status != b.Status
        || !a.Limits.SameAs(b.Limits)
        || a.ExpiresAt != b.ExpiresAt
        || a.GraceEndsAt != b.GraceEndsAt
        || a.LicenseId != b.LicenseId
        || a.LastValidatedAt != b.LastValidatedAt;
}
