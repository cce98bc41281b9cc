using Glyphh.Quotas;

namespace Glyphh.Runtime.Quotas;

/// <summary>The runtime's own quota resources, declared with <c>AddResource</c> (the package knows none).</summary>
internal static class QuotaResources
{
    /// <summary>Models of the deployment, counted in <see cref="QuotaNamespace.Deployment"/>.</summary>
    public const string Models = "models";

    /// <summary>Glyphs in a model. Default limit 1,000,000.</summary>
    public const string Glyphs = "glyphs";

    /// <summary>Stored bytes in a model. Default limit 10 GiB.</summary>
    public const string StorageBytes = "storage_bytes";

    /// <summary>Bytes of memory a model may hold. Default limit 1 GiB.</summary>
    public const string MemoryBytes = "memory_bytes";

    /// <summary>Declares the four resources with their defaults (configuration under <c>Glyphh:Quotas:DefaultLimits</c> wins).</summary>
    public static IGlyphhQuotasBuilder AddRuntimeResources(this IGlyphhQuotasBuilder builder) => builder
        .AddResource(Models, QuotaLimit.Unlimited)
        .AddResource(Glyphs, QuotaLimit.Of(1_000_000))
        .AddResource(StorageBytes, QuotaLimit.Of(10L * 1024 * 1024 * 1024))
        .AddResource(MemoryBytes, QuotaLimit.Of(1024L * 1024 * 1024));
}
