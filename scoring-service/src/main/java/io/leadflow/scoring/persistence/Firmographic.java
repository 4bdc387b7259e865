package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.scoring.domain.Firmographics;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A company of the firmographic reference table, by its domain. */
@Entity
@Table(name = "firmographic")
public class Firmographic extends PanacheEntityBase {

    @Id
    public String domain;

    public String name;

    public String industry;

    public Integer employees;

    @Column(name = "annual_revenue")
    public Long annualRevenue;

    public String country;

    @Column(name = "funding_stage")
    public String fundingStage;

    @Column(name = "funded_on")
    public LocalDate fundedOn;

    @Column(name = "recent_news")
    public boolean recentNews;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Firmographics toDomain() {
        return new Firmographics(domain, name, industry, employees, annualRevenue, country, fundingStage, fundedOn,
                recentNews, "reference");
    }
}
