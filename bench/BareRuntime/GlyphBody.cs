using System.Text.Json;
using Glyphh.Runtime.Storage;

namespace Glyphh.BareRuntime;

/// <summary>The glyph as the runtime answers it (same fields, same payload re-parse).</summary>
internal sealed record GlyphBody(string Id, float[]? Vector, JsonElement? Payload, DateTimeOffset UpdatedAt)
{
    public static GlyphBody From(GlyphRecord g)
    {
        JsonElement? payload = null;
        if (g.Payload is not null)
        {
            using var doc = JsonDocument.Parse(g.Payload, new JsonDocumentOptions { MaxDepth = 256 });
            payload = doc.RootElement.Clone();
        }
        return new(g.Id, g.Vector, payload, g.UpdatedAt);
    }
}
