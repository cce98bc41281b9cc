namespace Glyphh.Runtime.Storage;

/// <summary>What glyphs cost against a model's quotas: count, stored bytes and resident vector bytes.</summary>
internal readonly record struct UsageAmount(long Glyphs, long StorageBytes, long MemoryBytes)
{
    public static UsageAmount Zero => default;

    public static UsageAmount operator +(UsageAmount a, UsageAmount b) =>
        new(a.Glyphs + b.Glyphs, a.StorageBytes + b.StorageBytes, a.MemoryBytes + b.MemoryBytes);

    public static UsageAmount operator -(UsageAmount a, UsageAmount b) =>
        new(a.Glyphs - b.Glyphs, a.StorageBytes - b.StorageBytes, a.MemoryBytes - b.MemoryBytes);

    /// <summary>
    /// One glyph's cost. Storage counts the id, the payload's UTF-8 and the vector's float32 bytes; memory is
    /// the float32 vector a search keeps resident (4 bytes a dimension).
    /// </summary>
    public static UsageAmount ForGlyph(string id, int dimensions, int payloadBytes) =>
        new(1, System.Text.Encoding.UTF8.GetByteCount(id) + payloadBytes + (4L * dimensions), 4L * dimensions);
}
