namespace Glyphh.Runtime.Api;

/// <summary>Decides what the caller may do on a model (namespace); composed from the Auth package.</summary>
internal interface IModelAccess
{
    /// <summary>Null when allowed, else the 401/403 problem to answer.</summary>
    Task<IResult?> CheckAsync(HttpContext context, string model, ModelPermission permission);

    /// <summary>Whether the caller may read the model (filters <c>GET /models</c>).</summary>
    Task<bool> CanReadAsync(HttpContext context, string model);
}
