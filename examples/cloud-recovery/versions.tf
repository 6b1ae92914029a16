terraform {
  required_version = ">= 1.6"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
    google = {
      source  = "hashicorp/google"
      version = "~> 6.31"
    }
  }
}

provider "azurerm" {
  features {}
}

provider "google" {
  project = "ledgerly-prod"
  region  = "europe-west1"
}
