namespace Aggregator.Router.Apis;

/// <summary>Names a status for <see cref="StatusProblem{TStatus}"/>.</summary>
public interface IProblemStatus
{
    static abstract int StatusCode { get; }
}

public sealed class Status409Conflict : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status409Conflict;
}

public sealed class Status413PayloadTooLarge : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status413PayloadTooLarge;
}

public sealed class Status415UnsupportedMediaType : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status415UnsupportedMediaType;
}

public sealed class Status422UnprocessableEntity : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status422UnprocessableEntity;
}

public sealed class Status503ServiceUnavailable : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status503ServiceUnavailable;
}

public sealed class Status429TooManyRequests : IProblemStatus
{
    public static int StatusCode => StatusCodes.Status429TooManyRequests;
}
