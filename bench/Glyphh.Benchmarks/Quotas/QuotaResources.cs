namespace Glyphh.Benchmarks;

/// <summary>The resource names the benchmarks declare (the Quotas package knows none of its own).</summary>
internal static class QuotaResources
{
    public const string Models = "models";
    public const string Glyphs = "glyphs";
    public const string StorageBytes = "storage_bytes";
    public const string MemoryBytes = "memory_bytes";
}
