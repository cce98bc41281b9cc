using System.ComponentModel.DataAnnotations;

namespace Glyphh.Quotas;

/// <summary>Options of <c>Glyphh.Quotas</c>, bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class QuotaOptions
{
    /// <summary>The configuration section the options are usually bound from: <c>Glyphh:Quotas</c>.</summary>
    public const string SectionName = "Glyphh:Quotas";

    /// <summary>Default limit of glyphs per namespace: 1,000,000.</summary>
    public const long DefaultGlyphs = 1_000_000;

    /// <summary>Default limit of stored bytes per namespace: 10 GiB.</summary>
    public const long DefaultStorageBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>Default limit of memory bytes per namespace: 1 GiB.</summary>
    public const long DefaultMemoryBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// The known resources and their default limit per namespace; <see langword="null"/> (<c>unlimited</c> or an
    /// empty value in configuration) means unlimited. A resource missing here is unknown and refused. Keys: lowercase letters,
    /// digits and <c>_</c>, starting with a letter, up to 63 characters; values 0 to <see cref="QuotaLimit.MaxValue"/>.
    /// </summary>
    /// <value>Defaults: <c>glyphs</c> 1,000,000; <c>storage_bytes</c> 10,737,418,240; <c>memory_bytes</c> 1,073,741,824.</value>
    public IDictionary<string, long?> DefaultLimits { get; } = new Dictionary<string, long?>(StringComparer.Ordinal)
    {
        [QuotaResources.Glyphs] = DefaultGlyphs,
        [QuotaResources.StorageBytes] = DefaultStorageBytes,
        [QuotaResources.MemoryBytes] = DefaultMemoryBytes,
    };

    /// <summary>
    /// The share of a limit above which a warning is logged (once per crossing) and counted. Between 0.01 and 1.
    /// </summary>
    /// <value>Default 0.8 (80%).</value>
    [Range(0.01, 1.0)]
    public double WarningThreshold { get; set; } = 0.8;

    /// <summary>
    /// How to lift a limit that comes from a tier cap, appended to the quota-exceeded problem's detail. Hosts name
    /// their mode and license here.
    /// </summary>
    /// <value>Default: "This limit comes from the deployment's tier; a production license lifts it."</value>
    [Required]
    [StringLength(1000)]
    public string TierCapAdvice { get; set; } = "This limit comes from the deployment's tier; a production license lifts it.";

    /// <summary>The largest request body <c>PUT /namespaces/{namespace}/quotas</c> reads, in bytes. Between 64 and 1,048,576.</summary>
    /// <value>Default 16,384.</value>
    [Range(64, 1_048_576)]
    public int MaxRequestBodyBytes { get; set; } = 16_384;

    /// <summary>Configuration values that could not be read, reported at start-up by the validator.</summary>
    internal List<string> BindingErrors { get; } = [];
}
