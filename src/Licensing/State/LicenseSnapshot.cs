using System.Collections.Frozen;

namespace Glyphh.Licensing;

/// <summary>
/// An immutable view of the license state. <see cref="ILicenseState.Current"/> swaps whole snapshots, so a
/// reader never sees a half-updated state and needs no lock.
/// </summary>
public sealed class LicenseSnapshot
{
    private readonly FrozenSet<string>? _features;
    private readonly FrozenDictionary<string, string?>? _featureValues;

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
        if (features is not null)
        {
            _features = features.ToFrozenSet(StringComparer.Ordinal);
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var feature in _features)
            {
                var (name, value) = LicenseEntitlements.SplitFeature(feature);
                values.TryAdd(name, value);
            }

            _featureValues = values.ToFrozenDictionary(StringComparer.Ordinal);
        }

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

    /// <summary>
    /// The licensed features as the license spells them (a name, or <c>name:value</c> such as <c>tier:pro</c>);
    /// <see langword="null"/> when unlicensed (every feature allowed).
    /// </summary>
    public IReadOnlySet<string>? Features => _features;

    /// <summary>Whether the request gate lets ordinary requests through.</summary>
    public bool AllowsRequests { get; }

    /// <summary>
    /// Whether <paramref name="feature"/> is licensed (always in local and cloud mode). A name (<c>tier</c>)
    /// matches the feature with or without a value; <c>name:value</c> (<c>tier:pro</c>) matches only that value.
    /// </summary>
    /// <param name="feature">The feature name, or <c>name:value</c>.</param>
    /// <returns><see langword="true"/> when licensed.</returns>
    public bool HasFeature(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (Status == LicenseStatus.Unlicensed)
        {
            return true;
        }

        if (!AllowsRequests || _features is null)
        {
            return false;
        }

        return feature.Contains(LicenseEntitlements.FeatureValueSeparator, StringComparison.Ordinal)
            ? _features.Contains(feature)
            : _featureValues!.ContainsKey(feature);
    }

    /// <summary>The value the license gives feature <paramref name="name"/> (<c>pro</c> for <c>tier:pro</c>).</summary>
    /// <param name="name">The feature name.</param>
    /// <returns>The value; <see langword="null"/> when the feature is not licensed, carries no value, or nothing is licensed (local and cloud mode).</returns>
    public string? GetFeatureValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AllowsRequests && _featureValues is not null && _featureValues.TryGetValue(name, out var value) ? value : null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Status} ({Mode.ToName()}): {Reason}";
}
