using System.Security.Claims;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Security;

namespace Aggregator.Delivery.Apis;

/// <summary>Which messages a caller may read or act on: support and redrive every one, a submit key only those it submitted.</summary>
public static class MessageVisibility
{
    public static IQueryable<MessageState> VisibleTo(this IQueryable<MessageState> messages, ClaimsPrincipal caller)
    {
        if (caller.IsInRole(Roles.Support) || caller.IsInRole(Roles.Redrive))
        {
            return messages;
        }
        var name = caller.Identity?.Name;
        return messages.Where(m => m.SubmittedBy == name);
    }
}
