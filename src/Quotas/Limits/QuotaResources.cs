namespace Glyphh.Quotas;

/// <summary>Names of the resources known out of the box. Hosts add others through <see cref="QuotaOptions.DefaultLimits"/>.</summary>
public static class QuotaResources
{
    /// <summary>Glyphs (items) in a namespace. Default limit 1,000,000.</summary>
    public const string Glyphs = "glyphs";

    /// <summary>Stored bytes in a namespace. Default limit 10 GiB (10,737,418,240).</summary>
    public const string StorageBytes = "storage_bytes";

    /// <summary>Bytes of memory a namespace may hold. Default limit 1 GiB (1,073,741,824).</summary>
    public const string MemoryBytes = "memory_bytes";

    /// <summary>
    /// Models (namespaces) of a deployment, counted in <see cref="QuotaNamespace.Deployment"/>. Not registered by
    /// default: a host that counts models adds it, for example with <c>AddResource(QuotaResources.Models, QuotaLimit.Unlimited)</c>.
    /// </summary>
    public const string Models = "models";
}
