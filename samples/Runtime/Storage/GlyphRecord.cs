namespace Glyphh.Runtime.Storage;

/// <summary>A stored glyph: id, optional vector, raw JSON payload (null when none).</summary>
internal sealed record GlyphRecord(string Id, float[]? Vector, string? Payload, DateTimeOffset UpdatedAt);
