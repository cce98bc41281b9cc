namespace Glyphh.Runtime.Storage;

/// <summary>A model (namespace) with what its glyphs use.</summary>
internal sealed record ModelRecord(string Name, DateTimeOffset CreatedAt, UsageAmount Usage);
