using System.Text.Json;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Api;

internal sealed record ModelResponse(string Name, DateTimeOffset CreatedAt, long Glyphs, long StorageBytes, long MemoryBytes)
{
    public static ModelResponse From(ModelRecord m) => new(m.Name, m.CreatedAt, m.Usage.Glyphs, m.Usage.StorageBytes, m.Usage.MemoryBytes);
}

internal sealed record GlyphResponse(string Id, float[]? Vector, JsonElement? Payload, DateTimeOffset UpdatedAt)
{
    public static GlyphResponse From(GlyphRecord g)
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

internal sealed record ItemsResponse<T>(IReadOnlyList<T> Items);

internal sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

internal sealed record SearchHit(string Id, double Score);
