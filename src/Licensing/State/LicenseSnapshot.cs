using System.Collections.Frozen;

namespace Glyphh.Licensing;

/// <summary>
/// An immutable view of the license state. <see cref="ILicenseState.Current"/> swaps whole snapshots, so a
/// reader never sees a half-updated state and needs no lock.
/// </summary>
public sealed class LicenseSnapshot
{
    private readonly FrozenSet<string>? _features;

    internal LicenseSnapshot(
        LicenseStatus status,
        DeploymentMode mode,
        EffectiveLimits limits,
        string reason,
        DateTimeOffset evaluatedAt,
        string? licenseId = null,
        string? customer = null,
        DateTimeOffset? expiresAt = null,
        DateTimeOffset? graceEndsAt = null,
        DateTimeOffset? lastValidatedAt = null,
        IEnumerable<string>? features = null)
    {
        Status = status;
        Mode = mode;
        Limits = limits;
        Reason = reason;
        EvaluatedAt = evaluatedAt;
        LicenseId = licenseId;
        Customer = customer;
        ExpiresAt = expiresAt;
        GraceEndsAt = graceEndsAt;
        LastValidatedAt = lastValidatedAt;
        _features = features is null ? null : features.ToFrozenSet(StringComparer.Ordinal);
        AllowsRequests = status is LicenseStatus.Unlicensed or LicenseStatus.Valid or LicenseStatus.Expiring or LicenseStatus.Grace;
    }

    /// <summary>The state.</summary>
    public LicenseStatus Status { get; }

    /// <summary>The running deployment mode.</summary>
    public DeploymentMode Mode { get; }

    /// <summary>The limits in force (mode defaults combined with the license).</summary>
    public EffectiveLimits Limits { get; }

    /// <summary>Why the service is in this state (one line, no secrets).</summary>
    public string Reason { get; }

    /// <summary>When the state was computed.</summary>
    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>The license id once known.</summary>
    public string? LicenseId { get; }

    /// <summary>The customer once known.</summary>
    public string? Customer { get; }

    /// <summary>When the license expires, once known.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>When the grace period ends (set in <see cref="LicenseStatus.Grace"/>).</summary>
    public DateTimeOffset? GraceEndsAt { get; }

    /// <summary>Server time of the last successful online validation.</summary>
    public DateTimeOffset? LastValidatedAt { get; }

    /// <summary>The licensed features; <see langword="null"/> when unlicensed (every feature allowed).</summary>
    public IReadOnlySet<string>? Features => _features;

    /// <summary>Whether the request gate lets ordinary requests through.</summary>
    public bool AllowsRequests { get; }

    /// <summary>Whether <paramref name="feature"/> is licensed (always in local and cloud mode).</summary>
    /// <param name="feature">The feature name.</param>
    /// <returns><see langword="true"/> when licensed.</returns>
    public bool HasFeature(string feature) => Status == LicenseStatus.Unlicensed || (AllowsRequests && _features is not null && _features.Contains(feature));

    /// <inheritdoc />
    public override string ToString() => $"{Status} ({Mode.ToName()}): {Reason}";
}
