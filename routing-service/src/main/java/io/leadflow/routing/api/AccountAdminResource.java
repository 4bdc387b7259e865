package io.leadflow.routing.api;

import jakarta.annotation.security.RolesAllowed;
import io.leadflow.support.security.Roles;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.routing.api.AdminRequests.AccountRequest;
import io.leadflow.routing.api.AdminRequests.Errors;
import io.leadflow.routing.persistence.Account;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/admin/accounts}: company domains and the rep who owns each; the owner gets the account's hot leads first. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountAdminResource {

    public record AccountView(String domain, UUID ownerRepId) {
    }

    @GET
    @WithSession
    public Uni<List<AccountView>> accounts() {
        return Account.<Account> list("order by domain")
                .map(accounts -> accounts.stream().map(a -> new AccountView(a.domain, a.ownerRepId)).toList());
    }

    @PUT
    @Path("/{domain}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<AccountView> put(@PathParam("domain") String rawDomain, AccountRequest request) {
        String domain = AdminRequests.domain(rawDomain);
        if (request == null || request.ownerRepId() == null) {
            Errors errors = new Errors();
            errors.add("ownerRepId", "is required: the id of the rep who owns the account");
            errors.throwIfAny("The account is not valid.");
        }
        return Rep.<Rep> findById(request.ownerRepId()).chain(owner -> {
            if (owner == null) {
                Errors errors = new Errors();
                errors.add("ownerRepId", "no rep with this id");
                errors.throwIfAny("The account is not valid.");
            }
            return Account.<Account> findById(domain);
        }).chain(existing -> {
            Account account = existing != null ? existing : new Account();
            account.domain = domain;
            account.ownerRepId = request.ownerRepId();
            return existing != null ? Uni.createFrom().item(account) : account.<Account> persist();
        }).map(a -> new AccountView(a.domain, a.ownerRepId));
    }

    @DELETE
    @Path("/{domain}")
    @WithTransaction
    public Uni<Response> delete(@PathParam("domain") String rawDomain) {
        String domain = AdminRequests.domain(rawDomain);
        return Account.deleteById(domain).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "account-not-found",
                        "No account for " + domain + "."));
            }
            return Response.noContent().build();
        });
    }
}
