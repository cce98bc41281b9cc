using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Glyphh.Runtime.Api;

/// <summary>
/// A JSON body serialized once, with its strong ETag; as a result it answers with its status, the ETag and, for a 201,
/// the Location.
/// </summary>
internal sealed class Representation(byte[] utf8, string etag) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>
    /// The body as the host's HTTP JSON options write it, serialized once: the answer sends these bytes and its strong
    /// ETag is the first 128 bits of their SHA-256, so the tag names exactly what was sent.
    /// </summary>
    public static Representation Of<T>(HttpContext http, T value)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return new(bytes, "\"" + Convert.ToHexStringLower(hash[..16]) + "\"");
    }

    /// <summary>The quoted strong entity tag of the bytes sent.</summary>
    public string ETag => etag;

    /// <inheritdoc />
    public int? StatusCode { get; private init; } = StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "application/json; charset=utf-8";

    private string? Location { get; init; }

    /// <summary>The same body as a 201 Created at <paramref name="location"/>.</summary>
    public Representation Created(string location) => new(utf8, etag) { StatusCode = StatusCodes.Status201Created, Location = location };

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode!.Value;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }
        response.Headers.ETag = etag;
        response.ContentType = ContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, httpContext.RequestAborted).AsTask();
    }
}
