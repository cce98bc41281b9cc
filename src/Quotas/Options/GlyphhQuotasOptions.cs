using System.ComponentModel.DataAnnotations;

namespace Glyphh.Quotas;

/// <summary>Options of <c>Glyphh.Quotas</c>, bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class GlyphhQuotasOptions
{
    /// <summary>The configuration section the options are usually bound from: <c>Glyphh:Quotas</c>.</summary>
    public const string SectionName = "Glyphh:Quotas";

    /// <summary>
    /// The known resources and their default limit per namespace; <see langword="null"/> (<c>unlimited</c> or an
    /// empty value in configuration) means unlimited. A resource missing here is unknown and refused. Keys: lowercase letters,
    /// digits and <c>_</c>, starting with a letter, up to 63 characters; values 0 to <see cref="QuotaLimit.MaxValue"/>.
    /// The host declares its own: <c>AddResource("items", QuotaLimit.Of(1000))</c> in code, or
    /// <c>Glyphh:Quotas:DefaultLimits:items</c> in configuration, which wins over the <c>AddResource</c> default.
    /// </summary>
    /// <value>Default: empty (no resource is known until the host declares it).</value>
    public IDictionary<string, long?> DefaultLimits { get; } = new Dictionary<string, long?>(StringComparer.Ordinal);

    /// <summary>
    /// The share of a limit above which a warning is logged (once per crossing) and counted. Between 0.01 and 1.
    /// </summary>
    /// <value>Default 0.8 (80%).</value>
    [Range(0.01, 1.0)]
    public double WarningThreshold { get; set; } = 0.8;

    /// <summary>
    /// How to lift a limit that comes from a tier cap, appended to the quota-exceeded problem's detail (for example
    /// how to get a larger plan). <see langword="null"/>: no advice.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    [StringLength(1000)]
    public string? TierCapAdvice { get; set; }

    /// <summary>The largest request body <c>PUT /namespaces/{namespace}/quotas</c> reads, in bytes. Between 64 and 1,048,576.</summary>
    /// <value>Default 16,384.</value>
    [Range(64, 1_048_576)]
    public int MaxRequestBodyBytes { get; set; } = 16_384;

    /// <summary>
    /// The base of every problem <c>type</c> the package writes; the code (<see cref="QuotaErrorCodes"/>) is appended.
    /// An absolute URI ending in <c>/</c>.
    /// </summary>
    /// <value>Default <c>https://glyphh.dev/problems/</c>.</value>
    [Required]
    public Uri ProblemTypeBaseUri { get; set; } = new("https://glyphh.dev/problems/");

    /// <summary>
    /// How many releases the SDK keeps for retrying when the store cannot take them (a store outage). A release
    /// that finds the queue full fails with <see cref="QuotaErrorCodes.StoreUnavailable"/>. Between 1 and 10,000,000.
    /// </summary>
    /// <value>Default 100,000.</value>
    [Range(1, 10_000_000)]
    public int ReleaseQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// How many namespaces the <c>glyphh.quota.usage</c> and <c>glyphh.quota.limit</c> gauges report at most. A
    /// namespace gets series only once it holds usage or an override; past the cap, the namespace seen least
    /// recently loses its series (it gets them back on its next change). Between 1 and 1,000,000.
    /// </summary>
    /// <value>Default 1,000.</value>
    [Range(1, 1_000_000)]
    public int MetricsNamespaceLimit { get; set; } = 1_000;

    /// <summary>Resources declared in code with <c>AddResource</c>; a <see cref="DefaultLimits"/> entry for the same resource wins.</summary>
    internal Dictionary<string, long?> DeclaredLimits { get; } = new(StringComparer.Ordinal);

    /// <summary>The known resources: the declared ones, with the configured defaults on top.</summary>
    internal Dictionary<string, long?> EffectiveLimits()
    {
        var limits = new Dictionary<string, long?>(DeclaredLimits, StringComparer.Ordinal);
        foreach (var (resource, limit) in DefaultLimits)
        {
            limits[resource] = limit;
        }
        return limits;
    }

    /// <summary>Configuration values that could not be read, reported at start-up by the validator.</summary>
    internal List<string> BindingErrors { get; } = [];
}
