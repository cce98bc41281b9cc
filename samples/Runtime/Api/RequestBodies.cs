using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glyphh.Runtime.Api;

// Request bodies bind through RuntimeJsonContext: a member the type does not have is refused (named in the 400), and
// numbers must be JSON numbers (the web defaults would also read "5" as 5).

/// <summary><c>POST /models</c>: the name of the model to create.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
internal sealed record CreateModelRequest(string Name);

/// <summary><c>PUT /models/{model}/glyphs/{id}</c>: an optional vector and any JSON payload.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
internal sealed record PutGlyphRequest(float[]? Vector = null, JsonElement? Payload = null);

/// <summary><c>POST /models/{model}/search</c>: the query vector, how many hits (default 10) and the metric (<c>cosine</c> or <c>dot</c>).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
internal sealed record SearchRequest(float[] Vector, int? K = null, string? Metric = null);
