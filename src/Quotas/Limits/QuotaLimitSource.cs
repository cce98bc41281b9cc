namespace Glyphh.Quotas;

/// <summary>Where an effective limit comes from, which says how to lift it.</summary>
public enum QuotaLimitSource
{
    /// <summary>The configured default (<see cref="GlyphhQuotasOptions.DefaultLimits"/>); an admin lifts it with a per-namespace override.</summary>
    Default = 0,

    /// <summary>A per-namespace override set by an admin (<c>PUT /namespaces/{namespace}/quotas</c>).</summary>
    Override = 1,

    /// <summary>A cap of the deployment's tier (<see cref="IQuotaTierCaps"/>), for example a license limit; only a different tier lifts it.</summary>
    TierCap = 2,
}
