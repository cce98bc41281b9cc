namespace Glyphh.Quotas;

/// <summary>The effective limits and the usage of every known resource in one namespace.</summary>
public sealed class QuotaStatus
{
    /// <summary>Creates a status.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="limits">Effective limit per resource.</param>
    /// <param name="usage">Usage per resource.</param>
    /// <param name="sources">Where each effective limit comes from.</param>
    public QuotaStatus(
        string @namespace,
        IReadOnlyDictionary<string, QuotaLimit> limits,
        IReadOnlyDictionary<string, long> usage,
        IReadOnlyDictionary<string, QuotaLimitSource> sources)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(sources);
        Namespace = @namespace;
        Limits = limits;
        Usage = usage;
        Sources = sources;
    }

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>Effective limit per resource: the smaller of (override, else default) and the tier cap.</summary>
    public IReadOnlyDictionary<string, QuotaLimit> Limits { get; }

    /// <summary>Usage per resource (0 when nothing was reserved yet). May exceed the limit after a limit was lowered.</summary>
    public IReadOnlyDictionary<string, long> Usage { get; }

    /// <summary>Where each effective limit comes from.</summary>
    public IReadOnlyDictionary<string, QuotaLimitSource> Sources { get; }
}
