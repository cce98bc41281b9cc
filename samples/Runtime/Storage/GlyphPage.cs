namespace Glyphh.Runtime.Storage;

/// <summary>One page of glyphs in id order; <see cref="LastId"/> is set when more may follow.</summary>
internal sealed record GlyphPage(IReadOnlyList<GlyphRecord> Items, string? LastId);
