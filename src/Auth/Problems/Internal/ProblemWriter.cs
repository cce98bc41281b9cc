using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Problems.Internal;

/// <summary>
/// Writes RFC 9457 problems through the host's <see cref="IProblemDetailsService"/> (so its <c>CustomizeProblemDetails</c>
/// applies), with <c>type</c> = <see cref="GlyphhAuthOptions.ProblemTypeBaseUri"/> + the code.
/// </summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail, params (string Name, string? Value)[] extensions)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        var problem = new ProblemDetails
        {
            Type = TypeOf(context, code),
            Title = title,
            Status = status,
            Detail = detail,
        };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        if (context.RequestServices.GetService<IProblemDetailsService>() is { } service
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        // No writer took it (an Accept header without JSON): the problem is still the answer, not an empty 401/403.
        await WriteJsonAsync(context, problem).ConfigureAwait(false);
    }

    private static string TypeOf(HttpContext context, string code)
    {
        var baseUri = context.RequestServices.GetService<IOptions<GlyphhAuthOptions>>()?.Value.ProblemTypeBaseUri.OriginalString ?? "https://glyphh.dev/problems/";
        return baseUri.EndsWith('/') ? baseUri + code : baseUri + "/" + code;
    }

    private static Task WriteJsonAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.ContentType = ContentType;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", problem.Type);
            json.WriteString("title", problem.Title);
            json.WriteNumber("status", problem.Status ?? context.Response.StatusCode);
            json.WriteString("detail", problem.Detail);
            foreach (var (name, value) in problem.Extensions)
            {
                json.WriteString(name, value as string);
            }

            json.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
            json.WriteEndObject();
        }

        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
