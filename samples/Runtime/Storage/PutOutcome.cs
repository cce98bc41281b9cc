namespace Glyphh.Runtime.Storage;

/// <summary>Result of a glyph write.</summary>
internal enum PutOutcome
{
    Created,
    Replaced,
    ModelNotFound,

    /// <summary>The caller's precondition refused the current version; nothing was written.</summary>
    PreconditionFailed,
}
