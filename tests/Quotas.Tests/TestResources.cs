namespace Glyphh.Quotas.Tests;

/// <summary>The resources these tests declare (the package itself knows none).</summary>
internal static class QuotaResources
{
    public const string Glyphs = "glyphs";
    public const string StorageBytes = "storage_bytes";
    public const string MemoryBytes = "memory_bytes";
    public const string Models = "models";

    public const long DefaultGlyphs = 1_000_000;
    public const long DefaultStorageBytes = 10L * 1024 * 1024 * 1024;
    public const long DefaultMemoryBytes = 1024L * 1024 * 1024;

    /// <summary>Declares glyphs, storage_bytes and memory_bytes with the limits the tests assume.</summary>
    public static void Declare(GlyphhQuotasOptions options)
    {
        options.DefaultLimits.TryAdd(Glyphs, DefaultGlyphs);
        options.DefaultLimits.TryAdd(StorageBytes, DefaultStorageBytes);
        options.DefaultLimits.TryAdd(MemoryBytes, DefaultMemoryBytes);
    }
}
