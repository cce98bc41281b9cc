using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Source-generated JSON metadata for every body the runtime's own endpoints write: a Native AOT build has no
/// reflection-based serializer, and a type missing here would answer 500. Problem answers use ASP.NET Core's own context.
/// </summary>
// Member names are matched exactly: the web defaults would bind "Vector" to vector, which the document does not describe.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ModelResponse))]
[JsonSerializable(typeof(GlyphResponse))]
[JsonSerializable(typeof(ItemsResponse<ModelResponse>))]
[JsonSerializable(typeof(ItemsResponse<SearchHit>))]
[JsonSerializable(typeof(PageResponse<GlyphResponse>))]
[JsonSerializable(typeof(LicenseApi.LicenseResponse))]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(PutGlyphRequest))]
[JsonSerializable(typeof(SearchRequest))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
