namespace Glyphh.Runtime.Api;

/// <summary>Local mode: every request acts as a local admin (CONTRACT.md).</summary>
internal sealed class OpenAccess : IModelAccess
{
    public Task<IResult?> CheckAsync(HttpContext context, string model, ModelPermission permission) => Task.FromResult<IResult?>(null);

    public Task<bool> CanReadAsync(HttpContext context, string model) => Task.FromResult(true);
}
