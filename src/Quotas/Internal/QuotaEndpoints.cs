using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Handlers of <c>GET</c> and <c>PUT /namespaces/{namespace}/quotas</c>.</summary>
internal static class QuotaEndpoints
{
    public static async Task GetAsync(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<QuotaService>();
        var @namespace = context.Request.RouteValues["namespace"] as string ?? "";
        if (!QuotaNamespace.IsValid(@namespace))
        {
            await InvalidNamespace(@namespace).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (!await ExistsAsync(context, @namespace).ConfigureAwait(false))
        {
            return;
        }
        var status = await service.GetStatusAsync(@namespace, context.RequestAborted).ConfigureAwait(false);
        await WriteStatusAsync(context, service, status).ConfigureAwait(false);
    }

    public static async Task PutAsync(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<QuotaService>();
        var options = context.RequestServices.GetRequiredService<IOptions<GlyphhQuotasOptions>>().Value;
        var @namespace = context.Request.RouteValues["namespace"] as string ?? "";
        if (!QuotaNamespace.IsValid(@namespace))
        {
            await InvalidNamespace(@namespace).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (!await ExistsAsync(context, @namespace).ConfigureAwait(false))
        {
            return;
        }
        if (!context.Request.HasJsonContentType())
        {
            await Invalid("$", "The body must be JSON (Content-Type: application/json).").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var body = await QuotaBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await Invalid("$", $"The body exceeds {options.MaxRequestBodyBytes} bytes.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var parsed = QuotaLimitsParser.Parse(body, service.Resources);
        if (parsed.Errors.Count > 0)
        {
            await new ProblemResult((_, o) => QuotaResults.CreateValidationProblem(o.ProblemTypeBaseUri, parsed.Errors)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        var status = await service.SetLimitsAsync(@namespace, parsed.Changes, context.RequestAborted).ConfigureAwait(false);
        await WriteStatusAsync(context, service, status).ConfigureAwait(false);
    }

    /// <summary>Asks the host's namespace check, if any; answers 404 when the namespace does not exist.</summary>
    private static async ValueTask<bool> ExistsAsync(HttpContext context, string @namespace)
    {
        if (context.RequestServices.GetService<QuotaNamespaceCheck>() is not { } check
            || await check.Exists(context.RequestServices, @namespace, context.RequestAborted).ConfigureAwait(false))
        {
            return true;
        }
        await QuotaResults.FromException(new QuotaException(
            QuotaErrorCodes.NamespaceNotFound, $"The namespace '{@namespace}' does not exist.")).ExecuteAsync(context).ConfigureAwait(false);
        return false;
    }

    private static IResult InvalidNamespace(string @namespace) => Invalid(
        "namespace",
        $"'{QuotaValidation.Printable(@namespace)}' is not a valid namespace: use 1 to {QuotaNamespace.MaxLength} ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.");

    private static IResult Invalid(string field, string message) =>
        new ProblemResult((_, o) => QuotaResults.CreateValidationProblem(o.ProblemTypeBaseUri, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }));

    private static async Task WriteStatusAsync(HttpContext context, QuotaService service, QuotaStatus status)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("namespace", status.Namespace);
            writer.WriteStartObject("limits");
            foreach (var resource in service.Resources)
            {
                var limit = status.Limits[resource];
                if (limit.IsUnlimited)
                {
                    writer.WriteString(resource, "unlimited");
                }
                else
                {
                    writer.WriteNumber(resource, limit.Value);
                }
            }
            writer.WriteEndObject();
            writer.WriteStartObject("usage");
            foreach (var resource in service.Resources)
            {
                writer.WriteNumber(resource, status.Usage[resource]);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
